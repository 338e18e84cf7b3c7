"""The demo boroughs: their words (``data/``), how each app's demo content is written
(``directory``, ``community``, ``events``), the steps of one borough (``seed``) and the
``seed_demo`` command. Installed by the development and test settings only: production
has neither this app nor its requirements (factory-boy, Faker; requirements/demo.txt).
"""
