import { CATALOGUE, DIAGNOSIS_CODES } from '../diagnosis/catalogue';

/**
 * One Allure category per diagnosis code, named with its verdict kind (`[infra] AC_INFRA_DNS: …`): failures carry
 * `[CODE] (kind)` in their message. A failure without a code falls into "Undiagnosed failure".
 */
export function allureCategories(): { name: string; messageRegex: string; matchedStatuses: ('failed' | 'broken')[] }[] {
  return [
    ...DIAGNOSIS_CODES.map((code) => ({
      name: `[${CATALOGUE[code].kind}] ${code}: ${CATALOGUE[code].title}`,
      messageRegex: `[\\s\\S]*\\[${code}\\][\\s\\S]*`,
      matchedStatuses: ['failed' as const, 'broken' as const],
    })),
    { name: 'Undiagnosed failure', messageRegex: '[\\s\\S]*', matchedStatuses: ['failed', 'broken'] },
  ];
}
