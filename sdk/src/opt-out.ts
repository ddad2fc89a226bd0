/** The browser's navigator, once: the opt-out signals below and the beacon read it. */
export const nav = navigator as Navigator & { globalPrivacyControl?: boolean };

/**
 * Global Privacy Control or Do Not Track: the core never sends, and the feedback widget shows nothing rather
 * than thank the citizen for an answer that stays on the page.
 */
export const optedOut = nav.globalPrivacyControl || nav.doNotTrack === '1';
