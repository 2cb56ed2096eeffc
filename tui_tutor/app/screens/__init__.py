"""The app's screens: the lesson beside the lab, the help, the lesson list, the lab's form.

Nothing is imported here, so the lab can open its form without importing the main screen.
"""
