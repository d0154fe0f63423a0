/** Staff users the local issuer signs tokens for (the Cognito user pool's stand-in). Demo data only. */
export interface LocalUser {
  email: string;
  name: string;
  groups: string[];
}

/** Every local user signs in with this password (local only; AWS uses Cognito). */
export const LOCAL_PASSWORD = 'scrutiny-local';

export const localUsers: LocalUser[] = [
  { email: 'engagement.manager@example.org', name: 'Engagement Manager', groups: ['staff'] },
  { email: 'engagement.officer@example.org', name: 'Engagement Officer', groups: ['staff'] },
  // Signs in, but is not in the staff group: staff routes answer 403.
  { email: 'observer@example.org', name: 'Observer (not staff)', groups: [] },
];
