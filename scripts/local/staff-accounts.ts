import { randomInt } from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import {
  newStaffAccount,
  type PasswordHasher,
  STAFF_ROLES,
  type StaffAccountStore,
  type StaffRole,
} from '../../shared/staff/accounts.ts';

/** The accounts local mode seeds: one per role, plus a moderator limited to the sample's office. */
export const LOCAL_STAFF = [
  { role: 'admin', username: 'admin', name: '系统管理员 Administrator', roles: ['admin'], office: null },
  { role: 'moderator', username: 'moderator', name: '审核员 Moderator', roles: ['moderator'], office: null },
  { role: 'drafter', username: 'drafter', name: '起草人员 Drafter', roles: ['drafter'], office: null },
  {
    role: 'moderator',
    username: 'moderator-transport',
    name: '交通运输局审核员 Transport moderator',
    roles: ['moderator'],
    office: 'transport',
  },
] as const satisfies readonly {
  role: StaffRole;
  username: string;
  name: string;
  roles: readonly StaffRole[];
  office: string | null;
}[];

export interface StaffLogin {
  role: StaffRole;
  username: string;
  password: string;
}

// No 0/O, 1/l/I: the passwords are read off a terminal and typed.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function randomPassword(length = 16): string {
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/**
 * Seeds the local staff accounts once and keeps their generated passwords in `passwordsFile` (mode 600), so
 * that every `npm start` can print the same logins. Accounts already in the table are left as they are.
 */
export async function seedStaffAccounts(
  accounts: StaffAccountStore,
  hasher: PasswordHasher,
  passwordsFile: string,
): Promise<{ logins: StaffLogin[]; created: string[] }> {
  const known = await readLogins(passwordsFile);
  const logins = LOCAL_STAFF.map((staff) => ({
    role: staff.role,
    username: staff.username,
    password: known.get(staff.username) ?? randomPassword(),
  }));
  if (logins.some((login) => !known.has(login.username))) {
    await writeFile(passwordsFile, formatLogins(logins), { mode: 0o600 });
  }
  await chmod(passwordsFile, 0o600);
  const created: string[] = [];
  for (const [i, staff] of LOCAL_STAFF.entries()) {
    const password = logins[i]?.password ?? '';
    if (await accounts.get(staff.username)) continue;
    const account = await newStaffAccount(hasher, { ...staff, roles: [...staff.roles], password });
    if (await accounts.create(account)) created.push(staff.username);
  }
  return { logins, created };
}

export function formatLogins(logins: readonly StaffLogin[]): string {
  return `${logins.map((l) => `${l.role.padEnd(10)} ${l.username.padEnd(20)} ${l.password}`).join('\n')}\n`;
}

async function readLogins(path: string): Promise<Map<string, string>> {
  let text = '';
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
  const logins = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [role, username, password] = line.trim().split(/\s+/);
    if (STAFF_ROLES.some((r) => r === role) && username && password) logins.set(username, password);
  }
  return logins;
}
