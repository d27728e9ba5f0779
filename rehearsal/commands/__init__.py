"""The `rehearse` subcommands, one module per area; each registers itself on the CLI app."""
