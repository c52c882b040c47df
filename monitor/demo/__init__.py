"""The offline demo: a sample news site written by us, served on 127.0.0.1, and the glue that
runs the real pipeline against it (`monitor demo`, see monitor/cli/demo.py).

- `content`: six fictional outlets and ~200 articles over the last five weeks, generated
  from the story templates in `stories/*.toml` (our own text; nothing copied from the corpus).
- `site`: renders RSS 2.0 / Atom feeds, article pages, home pages and robots.txt, serves them
  from a thread, and writes a source registry pointing at the server.
"""
