//! `GET /api/v1/requests/{id}/assignees`: who could take a request, for the
//! assign form: the active members of its department with their load,
//! whether they have the skills its routing rule asks for, and the one
//! routing would pick now (the same choice `assign` makes without a name).
