"""``newslint serve``: the editors' desk and the JSON API (Starlette, served by uvicorn).

Only :mod:`newslint.web.app` imports the web library; this package also holds the report's style
sheet and script (``static/``), which the offline ``--format html`` page inlines, so importing the
package itself costs nothing.
"""
