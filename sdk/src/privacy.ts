/** Global Privacy Control or Do Not Track: the SDK then sends nothing from this page, whatever else happens. */
export const optedOut = (n: Navigator & { globalPrivacyControl?: boolean } = navigator): boolean =>
  !!n.globalPrivacyControl || n.doNotTrack === '1';
