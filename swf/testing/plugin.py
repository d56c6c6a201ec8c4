"""pytest plugin for simple-workflow (fixtures land here shortly)."""
