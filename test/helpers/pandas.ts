/** Reading CSVs back in pandas, where it is installed. */
import { spawnSync } from 'node:child_process';

/** Debian's python3-pandas lives under /usr/bin/python3, which another python3 may shadow on PATH. */
export const pandasPython: string | undefined = ['python3', '/usr/bin/python3'].find(
  (p) => spawnSync(p, ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0,
);

/** Python prelude: imports, and kind(dtype) naming a column's type, so pandas 2 (object) and 3 (str) text columns read the same. */
export const PANDAS_KIND = `
import json, sys, pandas as pd
from pandas.api import types as t
def kind(dtype):
    if t.is_bool_dtype(dtype): return "bool"
    if t.is_integer_dtype(dtype): return "int"
    if t.is_float_dtype(dtype): return "float"
    return "text"
`;
