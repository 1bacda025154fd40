/** The variable the embedded reference target's port arrives in (Playwright webServer exports it). */
export const REFERENCE_PORT_VARIABLE = 'REFERENCE_PORT';
