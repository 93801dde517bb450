"""The newsroom workflow in the window: sign-in, queues, workflow moves, house-style findings, notes, the
audit trail, edit locks, live refresh and the admin's screens. `install.WorkflowUi` wires them in."""
