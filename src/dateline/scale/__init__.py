"""Scale-out: coding input files on many workers (Dask) into an event lake (Parquet, DuckDB).

- `lake.py`: the lake's layout and its atomic writes;
- `schema.py`: the Parquet schemas of its tables;
- `annotate.py`: one input file coded into a staged part (the map step);
- `commit.py`: staged parts committed in input order, events merged by date;
- `engine.py`: the driver (`dateline ingest --engine local|dask --db lake:PATH`).

The lake is read through `dateline.store.lake.LakeStore`, behind the `Store` interface.
"""
