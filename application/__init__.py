"""Use cases: the ReviewDesk application, queries and the ports it needs."""
