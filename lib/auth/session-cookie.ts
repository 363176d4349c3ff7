/** The session cookie's name, in its own module so proxy.ts can read it without loading the database. */
export const SESSION_COOKIE = "session";
