"""Regex building blocks of one printed personal name, in each byline form the scanner reads.

``NAME_V`` Vancouver (``Smith JA``), ``NAME_I`` inverted (``Smith, J. A.``), ``NAME_N`` natural
order (``J. A. Smith``), ``NAME_U`` small capitals (``SMITH JA``). Particles and suffixes come
from :mod:`refcheck.text.names`, so the parser reads the same ``van der`` the checks compare.
"""

from __future__ import annotations

import re

from refcheck.text.chars import LOWER, UPPER, UPPER_ONLY
from refcheck.text.names import particle_pattern, suffix_pattern

PARTICLE = particle_pattern()
CAP = rf"[{UPPER}](?:[{LOWER}]|['’`][{UPPER}{LOWER}]|[{UPPER_ONLY}](?=[{LOWER}]))+"
# A particle may be glued to the capitalised part ("deVeer", "deBoisblanc", "vanGent").
CW = rf"(?!(?:Jr|Sr)\b)(?:[DdLlO]['’]|(?:de|di|du|da|la|le|van|von)(?=[{UPPER}])|(?:al|el|Al|El)-(?=[{UPPER}]))?{CAP}(?:\s?-\s?(?:{CAP}|[{LOWER}]+))*"
FAMILY = rf"(?:(?:{PARTICLE}\s+|(?:d|l|D|L)['’]|{CW}\s+)){{0,3}}{CW}"
# A surname printed in lower case that is also a particle ("du, Q.", "le PVV"): a whole family
# name only where initials follow it directly, never in front of another name word.
BARE_PARTICLE = r"(?:du|le|la|de|da|do|di|van|von|den|der|des|dos|das|del)(?=,?\s)"
SUFFIX = suffix_pattern()
# Dotted Vancouver initials ("A.M.", "A. M."), but never the start of an abbreviation such as
# "U.S." ("Rodriguez N. U.S. deportation" keeps "U.S." in the title).
INIT_V = rf"(?:[{UPPER}]\.(?:\s?-?[{UPPER}]\.(?![{UPPER}]\.)){{0,3}}|[{UPPER}]{{1,2}}-[{UPPER}]{{1,2}}|[{UPPER}]{{1,5}})"
# "J. A.", "Ch.", "J.-L.", and the lower-case second halves of romanised names ("J.-l.", "Y.-t.").
# A particle's initial in lower case ("V. H. d. S.", "E. O. d.") is part of the initials too.
INIT_DOTS = (rf"[{UPPER}][{LOWER}]?\.(?:\s?-?\s?(?!(?:Jr|Sr)\.)[{UPPER}][{LOWER}]?\.|-[{LOWER}]\.|"
              rf"\s?[{LOWER}]\.(?=\s?[{UPPER}]\.|\s?,|\s?&|\s?\())*")
GIVEN = rf"(?:{CAP}(?:-{CAP})?(?:\s+{CAP})?(?:\s+[{UPPER}]\.(?:-[{UPPER}]\.)?)*)"
END = r"(?=\s*(?:[,.;:(&]|$|and\b|et\b))"

NAME_V = re.compile(
    rf"(?P<family>{FAMILY}|{BARE_PARTICLE})(?:\s+(?P<suffix0>Jr|Sr|II|III|IV)\.?(?=\s+[{UPPER}]{{1,4}}\b))?"
    rf"\s+(?!(?:II|III|IV)\s?,\s?[{UPPER}]\.)(?P<init>{INIT_V})(?:\s+(?P<suffix>{SUFFIX})|,\s(?P<suffix1>Jr|Sr)\b\.?)?(?:(?<=\.)|{END})"
)
# Small-capitals bylines printed in upper case: "ANDERSON DJ, VAN DER HEIJDEN M".
# "GEIßEL": ß has no capital in most fonts and stays lower-case inside an upper-case name.
CW_UP = rf"(?!(?:JR|SR)\b)(?:[{UPPER}]['’])?[{UPPER}][{UPPER}ß]+(?:['’-][{UPPER}][{UPPER}ß]+)*"
NAME_U = re.compile(
    rf"(?P<family>(?:(?:{CW_UP}|(?i:{PARTICLE}))\s+){{0,3}}{CW_UP})\s+(?!(?:JR|SR)\b)(?P<init>[{UPPER}]{{1,3}})(?:\s+(?P<suffix>{SUFFIX}))?{END}"
)
# "Von SALLMANN, L.": a particle printed in either case before an upper-case surname.
FAMILY_UP = rf"(?:(?i:{PARTICLE})\s+){{0,2}}{CW_UP}"
NAME_I = re.compile(
    rf"(?P<family>{FAMILY}|{FAMILY_UP}|{BARE_PARTICLE})(?:,?\s+(?P<suffix0>Jr|Sr|II|III|IV)\.?)?\s*,\s*(?:(?P<init>{INIT_DOTS}|[{UPPER}]{{1,3}}(?=[\s,;&.]))|(?P<given>{GIVEN}))"
    rf"(?:,?\s+(?P<suffix>{SUFFIX})|,\s(?P<suffix2>VI?)(?=\s?,|\s&|\sand\b))?(?:(?<=\.)|{END})"
)
NAME_N = re.compile(
    rf"(?P<init>(?:(?!(?:Jr|Sr)\.)[{UPPER}][{LOWER}]?\.\s?-?\s?)(?:(?!(?:Jr|Sr)\.)(?:[{UPPER}][{LOWER}]?|[{LOWER}])\.\s?-?\s?){{0,5}}|[{UPPER}]{{1,3}}\s)\s*(?P<family>{FAMILY}|(?:(?<=\.\s)|(?<=\.)){FAMILY_UP})(?:,?\s+(?P<suffix>{SUFFIX}))?{END}"
)
NAME_FULL = re.compile(rf"(?P<given>{CAP}(?:\s+[{UPPER}]\.)?)\s+(?P<family>{FAMILY}){END}")
# "Poigenfürst (1991)": a surname alone, allowed only right before an author-date year.
FAMILY_ONLY = re.compile(rf"(?P<family>{FAMILY}|{CW_UP})(?=\s?\(\s?(?:1[5-9]|20)\d\d[a-z]?\s?\))")
