/** The cookie that holds an invitation token between the link and its acceptance (app/invite). */
export const INVITATION_COOKIE = "invitation";
