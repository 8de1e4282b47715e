"""What a recommendation asks to improve (its themes) and whether it was asked before (repeats).

``cues`` holds the phrases that signal each theme, ``classify`` turns them into ranked themes
with reasons, ``repeats`` links an item to the earlier inspection's items that ask the same, and
``tables`` builds the derived tables ``import reports`` writes.
"""
