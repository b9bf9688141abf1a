"""Staff's and auditors' work queues: lists of claims, claim files, payer responses and unmatched items, claim
work states, and the one cursor shape every list pages with. The API and the web console both call these."""
