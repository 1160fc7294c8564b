"""The directory of partner organisations: the staff pages (list, create and edit, vetting,
capacity, notes, partner users, the override permission, performance), the HSDS import and export
(`hsds`), and the public list of support organisations at /support/."""
