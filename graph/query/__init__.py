"""Running SPARQL: in this process, or in killable worker processes under limits.

`execute` runs one query on a store (formats, row limit, tvf: functions); `pool` runs queries and
writes in processes that can be stopped at their time limit; `long_queries` keeps places for long
queries so short ones are still answered; `text` is a lexer for what SPARQL text must be checked
for (SERVICE and LOAD targets, LIMIT, update operations); `services` the SERVICE allow-list (and
SERVICE SILENT left out); `syntax` what a syntax error means, in words a person can act on;
`functions` the tvf: extension functions over the relationship projections.

May import: `tvkg.store`, `tvkg.relations` (for tvf: functions), `tvkg.load.update` (the
writer processes), `tvkg.errors`.
"""
