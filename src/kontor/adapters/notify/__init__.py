"""Gateways that deliver messages to customers: e-mail over SMTP (or into files when no SMTP
server is configured) and SMS through a gateway interface with a file-writing implementation for
development. services/notify.py calls them; configuration in gateways.py."""
