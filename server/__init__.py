"""The tvkg web app: thin Flask views over graph/ (SPARQL endpoint, entity pages, APIs)."""
