"""The demo of Monev RB: Kabupaten Penajam Paser Utara in the second year of its road map.

`python manage.py seed_demo` fills a database with the regency's units, two road maps with their indicators
and targets, the demo users, and a history built through the services relative to today's date (WITA):
every past quarter of the active road map opened, reported, reviewed and closed, and the current quarter
open. This app sits above every other one: it imports from all of them, and none imports from it.
"""
