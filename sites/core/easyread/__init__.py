"""Easy Read: short points with a picture beside each, written by Editors, shown to
visitors who turned the Easy Read switch on (docs/easy-read.md).

``blocks`` (the points), ``models`` (the field and its "Easy Read" admin tab), ``advice``
(the light checks editors see), ``switch`` (the ``?easyread=on|off`` link, remembered in
the session for the visit)."""
