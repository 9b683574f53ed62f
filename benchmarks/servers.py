"""Measure what 1,000 servers cost one bot process: cache memory, and the work of their chat.

Run from the repo root: `python -m benchmarks.servers [--servers N]`. SimCord feeds the real
discord.py cache N servers (3 text channels and 25 members each, about a small fan server's
cached state), then 90/10 chatter/questions at a chosen rate; it reports RSS growth per 1,000
servers and matcher CPU per message. Discord's own gateway cost is not simulated (see README).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import tempfile
import time
from pathlib import Path

import simcord

from bot import create_bot
from bot.settings import Settings, default_knowledge_dir

MESSAGES = Path(__file__).resolve().parent / "messages.jsonl"


def _rss_mb() -> float:
    """Return this process's current resident set size in MB (Linux /proc)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def measure(servers: int, shards: int) -> None:
    """Build `servers` servers across `shards` shards and print what they cost."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            knowledge_dir=default_knowledge_dir(),
            database_path=Path(tmp) / "aoad.sqlite3",
            shard_count=shards,
        )
        async with simcord.run(create_bot(settings)) as env:
            before = _rss_mb()
            started = time.perf_counter()
            channels = []
            for n in range(servers):
                guild = env.create_guild(f"server {n}", shard_id=n % shards)
                channels.append(guild.create_text_channel("general"))
                for extra in ("memes", "spoilers"):
                    guild.create_text_channel(extra)
                for m in range(25):
                    guild.add_member(env.create_user(f"u{n}-{m}"))
            await env.settle()
            built = time.perf_counter() - started
            cached = sum(len(g.members) for g in env.bot.guilds)
            after = _rss_mb()
            texts = [json.loads(line)["text"] for line in MESSAGES.read_text().splitlines()]
            brain = env.bot.brain
            t0 = time.process_time()
            for text in texts * 20:
                brain.ask(text, "chat")
            cpu_us = 1e6 * (time.process_time() - t0) / (len(texts) * 20)
    per_1000 = (after - before) * 1000 / servers
    print(
        f"servers: {servers} on {shards} shards, {cached} members cached (built in {built:.1f} s)"
    )
    print(f"RSS: {before:.1f} MB -> {after:.1f} MB; cache per 1,000 servers: {per_1000:.1f} MB")
    print(f"matcher CPU per message (benchmark corpus, chat policy): {cpu_us:.0f} us")


def main() -> None:
    """Parse arguments and run the measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=1000)
    parser.add_argument("--shards", type=int, default=2)
    args = parser.parse_args()
    asyncio.run(measure(args.servers, args.shards))


if __name__ == "__main__":
    main()
