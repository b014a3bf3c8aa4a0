"""The benchmark: Locust scenarios, the runner, the charts and the report."""
