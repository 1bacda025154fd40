import { CATALOGUE, DIAGNOSIS_CODES } from '../diagnosis/catalogue';

/** One Allure category per diagnosis code: failures carry `[CODE]` in their message. */
export function allureCategories(): { name: string; messageRegex: string; matchedStatuses: ('failed' | 'broken')[] }[] {
  return [
    ...DIAGNOSIS_CODES.map((code) => ({
      name: `${code}: ${CATALOGUE[code].title}`,
      messageRegex: `[\\s\\S]*\\[${code}\\][\\s\\S]*`,
      matchedStatuses: ['failed' as const, 'broken' as const],
    })),
    { name: 'Undiagnosed failure', messageRegex: '[\\s\\S]*', matchedStatuses: ['failed', 'broken'] },
  ];
}
