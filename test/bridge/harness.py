"""Test harness: load the timmy-bridge plugin as Hermes does, call register(ctx) with a stand-in ctx
that records register_hook calls, then invoke the hooks with the keyword arguments Hermes passes.

Usage: python3 harness.py <plugin folder>   (stdin: {"calls": [{"hook", "kwargs"}], "flush": seconds})
A kwargs value {"$usage": {...}} becomes a dataclass instance, as Hermes' CanonicalUsage is.
Prints {"registered", "results": [{"hook", "returned", "raised", "elapsed_ms"}], "flushed", "stats"}.
"""

import dataclasses
import importlib.util
import json
import os
import sys
import time


@dataclasses.dataclass
class CanonicalUsage:
    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    reasoning_tokens: int = 0
    request_count: int = 1


class Unserialisable:
    def __repr__(self):
        return "<Unserialisable>"

    __slots__ = ()


class StandInContext:
    def __init__(self):
        self.hooks = {}
        self.profile_name = "default"

    def register_hook(self, hook_name, callback):
        self.hooks.setdefault(hook_name, []).append(callback)


def materialise(value):
    if isinstance(value, dict):
        if "$usage" in value:
            return CanonicalUsage(**value["$usage"])
        if "$object" in value:
            return Unserialisable()
        return {k: materialise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialise(v) for v in value]
    return value


def main():
    folder = sys.argv[1]
    script = json.load(sys.stdin)
    spec = importlib.util.spec_from_file_location(
        "timmy_bridge", os.path.join(folder, "__init__.py"), submodule_search_locations=[folder]
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["timmy_bridge"] = module
    spec.loader.exec_module(module)
    ctx = StandInContext()
    module.register(ctx)
    results = []
    for call in script.get("calls", []):
        kwargs = materialise(call["kwargs"])
        kwargs.setdefault("telemetry_schema_version", "hermes.observer.v1")
        returned = None
        raised = None
        started = time.perf_counter()
        for callback in ctx.hooks.get(call["hook"], []):
            try:
                r = callback(**kwargs)
                if r is not None and returned is None:
                    returned = r
            except Exception as err:  # Hermes would log and go on; the bridge must never get here
                raised = repr(err)
        results.append(
            {
                "hook": call["hook"],
                "returned": returned,
                "raised": raised,
                "elapsed_ms": (time.perf_counter() - started) * 1000.0,
            }
        )
    flushed = module.flush(script.get("flush", 5.0)) if script.get("flush") else None
    print(json.dumps({"registered": sorted(ctx.hooks), "results": results, "flushed": flushed, "stats": module.stats}))


if __name__ == "__main__":
    main()
