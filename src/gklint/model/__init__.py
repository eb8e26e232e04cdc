"""Report model: what a report *says*, as plain data with source spans."""
