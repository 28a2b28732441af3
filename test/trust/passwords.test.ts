import { beforeAll, describe, expect, it } from 'vitest';
import { makeCtx } from '../../src/app/context.ts';
import { createUser, updateUser } from '../../src/app/parties/users.ts';
import { login } from '../../src/app/parties/auth.ts';
import type { Database } from '../../src/db/connect.ts';
import { commonPasswords, passwordProblem } from '../../src/domain/parties/password-policy.ts';
import { engineName, testDb } from '../helpers/db.ts';
import { ctxAs } from '../helpers/factories.ts';

describe(`password policy and changing a password (${engineName})`, () => {
  let d: Database;
  beforeAll(async () => { d = await testDb(); });

  it('refuses the common passwords and ones containing the e-mail', async () => {
    expect(commonPasswords.size).toBeGreaterThanOrEqual(100);
    for (const p of ['qwertyuiop', 'Password123', '1q2w3e4r5t', 'йцукенгшщз', 'rackdesk2026']) expect(passwordProblem(p, null), p).toBe('v.password.common');
    expect(passwordProblem('my-irina.sokolova-pass', 'irina.sokolova@example.ru')).toBe('v.password.email');
    expect(passwordProblem('tall-orange-violin-7', 'irina.sokolova@example.ru')).toBeNull();
    const admin = await ctxAs(d.db, 'admin');
    const email = `pol.${Date.now()}@example.ru`;
    await expect(createUser(admin, { email, fullName: 'П', role: 'manager', password: 'qwerty12345' }))
      .rejects.toMatchObject({ code: 'validation', fieldErrors: [{ path: 'password', key: 'v.password.common' }] });
    await expect(createUser(admin, { email, fullName: 'П', role: 'manager', password: `x-${email}-x` }))
      .rejects.toMatchObject({ fieldErrors: [{ path: 'password', key: 'v.password.email' }] });
  });

  it('your own new password needs the current one; an admin resetting someone else\'s does not', async () => {
    const admin = await ctxAs(d.db, 'admin');
    const email = `self.${Date.now()}@example.ru`;
    const { user } = await createUser(admin, { email, fullName: 'Сам', role: 'manager', password: 'first-long-secret-1' });
    const self = makeCtx(d.db, { id: user.id, name: 'Сам', role: 'manager' });
    await expect(updateUser(self, user.id, { password: 'second-long-secret-2' }))
      .rejects.toMatchObject({ fieldErrors: [{ path: 'currentPassword', key: 'v.currentPassword' }] });
    await expect(updateUser(self, user.id, { password: 'second-long-secret-2', currentPassword: 'wrong-one-000' }))
      .rejects.toMatchObject({ fieldErrors: [{ path: 'currentPassword', key: 'v.currentPassword' }] });
    await updateUser(self, user.id, { password: 'second-long-secret-2', currentPassword: 'first-long-secret-1' });
    await updateUser(admin, user.id, { password: 'third-long-secret-3' });
    expect((await login(makeCtx(d.db), { email, password: 'third-long-secret-3' })).user.id).toBe(user.id);
  });
});
