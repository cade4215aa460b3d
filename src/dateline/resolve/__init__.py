"""Resolvers: turn spans of text into dated, named, located references."""
