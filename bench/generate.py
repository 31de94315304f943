#!/usr/bin/env python3
"""Writes a synthetic AstroWind-style site of N articles for scaling runs.

Each article has front matter, a handful of headings and links to other
articles (some with #fragments), so the site index and the link rules do
real work; one in a thousand is a near copy of the article before it. Deterministic: the same N gives the same site.

    python3 bench/generate.py 10000 target/bench-sites/10k
"""

import random
import sys
from pathlib import Path

WORDS = ("dog cat leash walk treat bowl crate park bark sniff coat paw tail "
         "training health grooming puppy senior food water sleep play").split()


def title(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()


def main():
    count = int(sys.argv[1])
    out = Path(sys.argv[2])
    posts = out / "src" / "data" / "post"
    posts.mkdir(parents=True, exist_ok=True)
    (out / "proofmark.toml").write_text(
        '[site]\nurl = "https://www.example.com"\ncontent = ["src/data/post"]\n'
        'permalink = "/{slug}"\ntrailing-slash = "never"\nroutes = ["/", "/blog"]\n\n'
        '[front-matter]\npreset = "astrowind"\n'
    )
    rng = random.Random(count)
    previous_body = []
    headings = ["Why it matters", "How to start", "Common mistakes", "Tools you need", "Next steps"]
    for i in range(count):
        lines = [
            "---",
            f"title: {title(rng)} {i}",
            f"publishDate: 2025-{1 + i % 12:02d}-{1 + i % 28:02d}T00:00:00Z",
            f"excerpt: {title(rng)}.",
            "category: Guides",
            "tags:",
            f"  - {rng.choice(WORDS)}",
            f"  - {rng.choice(WORDS)}-{i % 50}",
            "metadata:",
            f"  canonical: https://www.example.com/post-{i}",
            "---",
            "",
        ]
        for heading in rng.sample(headings, 4):
            lines.append(f"## {heading}")
            lines.append("")
            for _ in range(3):
                target = rng.randrange(count)
                fragment = "#how-to-start" if rng.random() < 0.2 else ""
                # One link in a hundred names a post that does not exist.
                slug = f"post-{target}" if rng.random() > 0.01 else f"post-missing-{target}"
                lines.append(
                    f"{title(rng)} — see [{rng.choice(WORDS)}](https://www.example.com/{slug}{fragment}) "
                    f"and [more](/{slug})."
                )
            lines.append("")
        # One post in a thousand is a near copy of the one before it (its
        # body with the last line changed), for duplicate-content to find.
        if i % 1000 == 999:
            body = previous_body[:-1] + ["Read the whole series for more."]
            lines = lines[:12] + body
        previous_body = lines[12:]
        (posts / f"post-{i}.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
