"""The directory's pages: `staff` (the list, an organisation, its vetting, capacity and notes,
performance), `admin` (partner users, the override permission, HSDS import and export) and
`public` (the list of support organisations at /support/)."""
