"""Event coding: predicates and their arguments, coded to PLOVER.

(Named `coding`, not `extract`, so that `dateline.extract` stays the public function.)
"""
