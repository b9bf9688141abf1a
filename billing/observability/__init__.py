"""What the service tells its operators: JSON logs (`logs`), Prometheus metrics (`metrics`) and OpenTelemetry
traces (`tracing`). Nothing here ever carries patient data: labels and log fields are route templates, statuses,
states, outcomes, counts and ids of keys and requests."""
