/** Code lists shared by more than one extract, as the national returns define them. */

/** CIN census referral source codes (SPEC 3.1); blank means not recorded. */
export const REFERRAL_SOURCES = [
  '1A',
  '1B',
  '1C',
  '1D',
  '2A',
  '2B',
  '3A',
  '3B',
  '3C',
  '3D',
  '3E',
  '3F',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '6',
  '7',
  '8',
  '9',
  '10',
] as const;

/** SSDA903 ETHNIC codes. */
export const ETHNICITY = [
  'WBRI',
  'WIRI',
  'WOTH',
  'WIRT',
  'WROM',
  'MWBC',
  'MWBA',
  'MWAS',
  'MOTH',
  'AIND',
  'APKN',
  'ABAN',
  'AOTH',
  'BCRB',
  'BAFR',
  'BOTH',
  'CHNE',
  'OOTH',
  'REFU',
  'NOBT',
] as const;

/** SSDA903 IN_TOUCH codes. */
export const IN_TOUCH = ['YES', 'NO', 'DIED', 'REFU', 'NREQ', 'RHOM'] as const;

/** SSDA903 ACTIV codes: F/P = in education, employment or training; G4-G6 = NEET. */
export const ACTIVITY = ['F1', 'P1', 'F2', 'P2', 'F4', 'P4', 'F5', 'P5', 'G4', 'G5', 'G6'] as const;

/**
 * SSDA903 ACCOM codes: a letter and 1 (suitable) or 2 (unsuitable). S1 and X1 are not valid
 * combinations in the national return, so they are not in the list.
 */
export const ACCOMMODATION = 'BCDEGHKRSTUVWXYZ'
  .split('')
  .flatMap((letter) => [`${letter}1`, `${letter}2`])
  .filter((code) => code !== 'S1' && code !== 'X1');
