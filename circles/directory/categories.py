"""The categories Circles files community resources under.

A category is an HSDS taxonomy term in the owner's directory, in the taxonomy
named ``TAXONOMY_NAME``, attached to a service by an HSDS attribute. Imported
data keeps whatever taxonomy it came with; these codes are Circles' own.
"""

from django.utils.translation import gettext_lazy as _

TAXONOMY_NAME = "Circles resource categories"

CATEGORIES = [
    ("crisis", _("Crisis support")),
    ("housing", _("Housing and shelter")),
    ("food", _("Food")),
    ("recovery", _("Recovery meetings")),
    ("peer-support", _("Peer support")),
    ("respite", _("Peer-run respite")),
    ("legal", _("Legal help")),
    ("lgbtq", _("LGBTQ+ support")),
    ("youth", _("Young people")),
    ("work", _("Work and benefits")),
]
