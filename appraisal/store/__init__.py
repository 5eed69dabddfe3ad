"""The store: snapshots, the audit trail and workshops in a database (SQLite by default, PostgreSQL by URL).

``repository`` holds the ``Store``; ``schema`` its tables; ``config`` which database; ``keys`` codes and
key hashing; ``inputs`` cleaning what participants type; ``errors`` the messages members see.
"""
