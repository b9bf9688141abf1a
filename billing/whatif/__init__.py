"""What-if: judge stored encounters again under another rule pack and say what would change, and by how much.

`stored` reads encounters back with the history each was judged against (as it stood when its verdict was
given), `compare` is the pure part (old verdict vs new), `rejudge` writes new verdicts when a pack revision
ships. Nothing in a what-if writes to the database but its audit event.
"""
