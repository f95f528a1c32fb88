"""Live: data cards over public time series (sources, parsers, refresh, the card block).

Models in `models`, the file formats in `parsers`, writes in `services`, reads in
`selectors`, the scheduled refresh in `tasks`, the card in `blocks`. The Listen Live radio
player will live here too.
"""
