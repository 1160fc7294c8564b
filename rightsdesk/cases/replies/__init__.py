"""Reply templates: the texts the team starts its answers from.

Four texts ship in code and are translated with the rest of the interface (gettext): the first
answer, the first answer to harassment, out of mandate, and the follow-up after a referral. An
admin may save the team's own text for one template in one language (`ReplyTemplate`): that row
replaces the shipped text for that language only, and deleting it goes back to the shipped text.
Admins may also add templates of their own (new slugs).

A template is rendered in the REPORTER's language (the language they wrote in, else the site's
default), whatever language the handler reads the interface in. The only placeholder is `{case}`
(the case number); filling it is a plain replacement, never `str.format`, so a saved text cannot
reach into Python objects. Saving refuses any other `{...}`. Parts a handler must write
themselves are marked [[like this]].
"""
