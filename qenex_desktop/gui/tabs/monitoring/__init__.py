"""The Monitoring tab (``tab.MonitoringTab``): its reads, and one module per page."""
