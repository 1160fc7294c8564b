"""Search over the cases a handler can read, although everything they contain is encrypted.

The server cannot search ciphertext, and decrypting every readable case on each search (one
X25519 operation per case key) is too slow at 10,000 cases. So each reader gets their own copy of
each case's searchable text (`SearchEntry`), encrypted so that only they can open it:

1. Whoever has the plaintext (the intake form, a reply, a note, a grant by a colleague with the case
   key) seals the new text to every current reader's public key (`SEALED` rows). No reader's
   secret is needed to write, as with every other sealed field.
2. When the reader next searches (their private key is unlocked in their session), their SEALED
   rows are opened and folded into one `SECRET` row per case, encrypted with XChaCha20-Poly1305
   under the reader's own search key (random, kept in their keyring sealed to their public key).
3. A search then costs one symmetric decryption per readable case, not a public-key operation.

What a copy of the database learns: how many entries each user has and their padded sizes; no
words, no equality between cases (every entry has its own nonce). Revoking a grant deletes the
reader's entries for that case; deleting a case (retention) deletes all of them (foreign keys), so
nothing of a deleted case stays decryptable. Results go through the same need-to-know rule as the
access gate: only cases the user holds a grant to are searched. The query itself is never stored
or logged.

Text is normalised before it is stored (Unicode NFKC, case-folded, combining marks such as accents
and Arabic short vowels removed, whitespace collapsed), and queries the same way, so "Jose" finds
"José" and an Arabic word is found with or without its vowel signs. Every query word must occur
(substring match), in any order.

The clear metadata of each case (threat types, rights, labels, country, status, priority) is
searched together with the text, by code and by label in the searcher's language and English
(`metadata.py`), so "doxxing" finds a case filed as doxxing whatever its text says. Filters
(status, priority, threat type) narrow the cases first; with a filter, the words may be left out.
"""
