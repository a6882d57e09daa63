/**
 * Appendix 1 of seed 004 (CRT/MASH update, Children and Families Advisory Panel, 4 February
 * 2020): "Contact, Referral, Sources and Outcomes, January 2018 - November 2019", Hampshire.
 *
 * How the lost grid was decoded. The text conversion kept each table's row labels, then its
 * month labels, then the numbers, in one of two orders:
 * - Contacts (open cases, new cases, total) and contact outcomes (closed, progressed to
 *   referral, other, % resolved): column-major, all twelve (2018) or eleven (2019) values of the
 *   first row, then of the second... E.g. 2018 open cases run 356 274 341..., new cases 6743
 *   6279..., totals 7099 6553... (356 + 6743 = 7099).
 * - Contact sources and referral sources (education, health, police, other, total): row-major,
 *   one month's five values together, e.g. Jan 2018 contacts "1397 724 3132 1490 6743".
 * - Referral outcomes: per month "closed other" pairs (1542 77), then the twelve "progressed to
 *   assessment" values (1155...), then per month "S47, C&F timeliness" triples (224 915 85%),
 *   then the twelve "% progressed" values (42%...).
 * Checks that fix the reading, all of which hold for every month (the test asserts them):
 * open + new = total contacts; the contact sources add up to contacts on NEW cases (not to all
 * contacts), as do closed + referral + other; % resolved = (closed + other) / new cases;
 * referral sources add up to the referral total, as do closed + other + progressed; % progressed
 * = progressed / referrals.
 * The C&F timeliness cell holds two figures, read as assessments completed and % within 45
 * working days: the same "denominator, value" pair seed 001 prints for C&F timeliness
 * ("19841 89.6%"). The paper does not print the number of timely assessments.
 */
export interface SeedMonth {
  /** YYYY-MM */
  readonly month: string;
  readonly contacts: {
    readonly open: number;
    readonly new: number;
    readonly total: number;
    /** Contacts on new cases by source: education, health, police, other. */
    readonly sources: readonly [number, number, number, number];
    readonly closed: number;
    readonly referral: number;
    readonly other: number;
    /** Percentage resolved, as printed (whole percent). */
    readonly pctResolved: number;
  };
  readonly referrals: {
    readonly total: number;
    /** Referrals by source: education, health, police, other. */
    readonly sources: readonly [number, number, number, number];
    readonly closed: number;
    readonly other: number;
    readonly assessment: number;
    /** Percentage progressed to assessment, as printed. */
    readonly pctProgressed: number;
  };
  readonly s47: number;
  /** C&F assessments completed and % timely, as printed. */
  readonly assessments: { readonly completed: number; readonly pctTimely: number };
}

// One line per month, the printed figures in this order:
// contacts open, new, total | sources edu, health, police, other | closed, referral, other, %
// referrals total | sources edu, health, police, other | closed, other, assessment, %
// s47 | C&F completed, %
// biome-ignore format: one printed month per line reads against the paper
const ROWS: readonly (readonly [string, ...number[]])[] = [
  ['2018-01', 356, 6743, 7099, 1397, 724, 3132, 1490, 3514, 2120, 1109, 69, 2774, 601, 418, 822, 933, 1542, 77, 1155, 42, 224, 915, 85],
  ['2018-02', 274, 6279, 6553, 1150, 622, 3011, 1496, 3318, 2074, 887, 67, 2580, 591, 318, 785, 886, 1366, 86, 1128, 44, 217, 899, 88],
  ['2018-03', 341, 7244, 7585, 1680, 663, 3192, 1709, 3765, 2423, 1056, 67, 2872, 777, 381, 664, 1050, 1520, 107, 1245, 43, 170, 1049, 93],
  ['2018-04', 276, 7109, 7385, 1003, 787, 3397, 1922, 3762, 2151, 1196, 70, 2702, 396, 399, 909, 998, 1404, 83, 1215, 45, 188, 995, 94],
  ['2018-05', 335, 7366, 7701, 1287, 696, 3641, 1742, 3886, 2441, 1039, 67, 3033, 680, 425, 827, 1101, 1498, 113, 1422, 47, 209, 1195, 83],
  ['2018-06', 356, 7410, 7766, 1545, 702, 3288, 1875, 3937, 2436, 1037, 67, 3259, 815, 351, 821, 1272, 1569, 113, 1577, 48, 242, 1301, 80],
  ['2018-07', 420, 8291, 8711, 1249, 746, 3994, 2302, 4280, 2883, 1128, 65, 3545, 654, 399, 1032, 1460, 1722, 198, 1625, 46, 300, 1305, 74],
  ['2018-08', 312, 6597, 6909, 96, 799, 3328, 2374, 3442, 2154, 1001, 67, 2665, 35, 372, 886, 1372, 1389, 162, 1114, 42, 113, 970, 90],
  ['2018-09', 344, 7101, 7445, 1393, 694, 2947, 2067, 3786, 2269, 1046, 68, 2738, 580, 316, 686, 1156, 1368, 291, 1079, 39, 218, 844, 75],
  ['2018-10', 446, 8308, 8754, 1515, 842, 3534, 2417, 4465, 2679, 1164, 68, 3247, 639, 402, 928, 1278, 1785, 187, 1275, 39, 166, 1089, 88],
  ['2018-11', 364, 8502, 8866, 1930, 818, 3333, 2421, 4317, 2820, 1365, 67, 3280, 925, 394, 762, 1199, 1560, 182, 1538, 47, 308, 1215, 87],
  ['2018-12', 373, 6572, 6945, 1424, 600, 2667, 1881, 3180, 2303, 1089, 65, 2762, 714, 325, 721, 1002, 1386, 139, 1237, 45, 169, 1055, 94],
  ['2019-01', 415, 7411, 7826, 1474, 778, 2911, 2248, 3755, 2238, 1418, 70, 2782, 669, 317, 714, 1082, 1416, 151, 1215, 44, 148, 1058, 96],
  ['2019-02', 401, 6782, 7183, 1333, 700, 2715, 2034, 3082, 2156, 1544, 68, 2662, 673, 301, 651, 1037, 1236, 158, 1268, 48, 147, 1095, 95],
  ['2019-03', 525, 7891, 8416, 1991, 797, 2866, 2237, 3460, 2507, 1924, 68, 3165, 914, 351, 633, 1267, 1585, 210, 1370, 43, 219, 1123, 95],
  ['2019-04', 363, 6932, 7295, 939, 1198, 3103, 1692, 3358, 2341, 1233, 66, 3005, 494, 559, 937, 1015, 1406, 276, 1323, 44, 183, 1356, 93],
  ['2019-05', 355, 7831, 8186, 1607, 1205, 3067, 1952, 3438, 2660, 1733, 66, 3215, 880, 541, 709, 1085, 1580, 105, 1530, 48, 245, 1088, 93],
  ['2019-06', 337, 6893, 7230, 1493, 1125, 2735, 1540, 3302, 2418, 1173, 65, 2420, 567, 414, 576, 863, 1174, 74, 1172, 48, 210, 1099, 87],
  ['2019-07', 401, 8293, 8694, 1232, 1547, 3433, 2081, 4317, 2946, 1030, 64, 3445, 634, 722, 772, 1317, 1678, 118, 1649, 48, 266, 1132, 88],
  ['2019-08', 383, 6368, 6751, 82, 1378, 3000, 1908, 3790, 2079, 499, 67, 2798, 37, 686, 921, 1154, 1396, 104, 1298, 46, 199, 1192, 93],
  ['2019-09', 409, 7262, 7671, 1177, 1324, 2997, 1764, 4077, 2295, 890, 68, 3076, 702, 654, 644, 1076, 1561, 178, 1337, 43, 223, 1114, 84],
  ['2019-10', 438, 8803, 9241, 1744, 1650, 3427, 1982, 5257, 2723, 823, 69, 3507, 992, 677, 696, 1142, 1945, 150, 1412, 40, 254, 1253, 91],
  ['2019-11', 530, 7548, 8078, 1575, 1331, 2984, 1658, 4087, 2570, 891, 66, 3315, 950, 586, 664, 1115, 1626, 204, 1485, 45, 273, 923, 94],
];

/** The 23 months of Appendix 1, as printed. */
export const SEED_004_MONTHS: readonly SeedMonth[] = ROWS.map(([month, ...n]) => {
  const v = (i: number) => n[i]!;
  return {
    month,
    contacts: {
      open: v(0),
      new: v(1),
      total: v(2),
      sources: [v(3), v(4), v(5), v(6)],
      closed: v(7),
      referral: v(8),
      other: v(9),
      pctResolved: v(10),
    },
    referrals: {
      total: v(11),
      sources: [v(12), v(13), v(14), v(15)],
      closed: v(16),
      other: v(17),
      assessment: v(18),
      pctProgressed: v(19),
    },
    s47: v(20),
    assessments: { completed: v(21), pctTimely: v(22) },
  };
});
