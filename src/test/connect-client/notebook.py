"""A notebook's session with a served output, through the official Python Spark Connect client.

Usage: python3 notebook.py sc://127.0.0.1:PORT
Prints one line per check, `name|value`, for ServeIT to compare with the Parquet folders.
"""
import sys

from pyspark.sql import SparkSession

spark = SparkSession.builder.remote(sys.argv[1]).getOrCreate()

# every table, to pandas, as a notebook would
for table in ["runs", "traces", "problems", "sweep_a.runs", "sweep_a.traces", "sweep_a.problems"]:
    frame = spark.table(table).toPandas()
    print(f"rows:{table}|{len(frame)}")

# two sweeps compared: the union views carry an `output` column
runs = spark.table("runs").toPandas()
for output, group in runs.groupby("output", sort=True):
    print(f"runs-of:{output}|{len(group)}|{int(group['err_ref'].notna().sum())}")

# runs joined with their problems, in pandas
problems = spark.table("problems").toPandas()
joined = runs.merge(problems[["output", "problem_id", "ref_status"]], on=["output", "problem_id"], how="left")
print(f"joined|{len(joined)}|{int(joined['ref_status'].notna().sum())}")

# a query answered by the server
answer = spark.sql("SELECT min(alpha) AS a, max(alpha) AS b FROM sweep_a.runs").toPandas()
print(f"alphas|{answer['a'][0]!r}|{answer['b'][0]!r}")
spark.stop()
