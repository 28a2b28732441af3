import type { AppConfig } from '../../config.ts';
import type { Ctx } from '../../app/context.ts';
import { ensureFirstAdmin, generatePassword } from '../../app/parties/users.ts';
import { seedDemo } from '../../app/system/seed-demo.ts';
import type { Io } from '../io.ts';

/** Addresses only this machine can reach; anything else may be reachable from a network. */
export const isLoopback = (host: string): boolean => /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i.test(host);

/**
 * The first start's accounts. Runs after `listen()` succeeded, so a busy port can no longer swallow a
 * generated password: each one is printed right after the transaction that created it. Demo users get
 * a password of this installation, and only on a loopback address unless RACKDESK_DEMO=1 asked for them.
 */
export async function firstStart(ctx: Ctx, config: Pick<AppConfig, 'host' | 'demo' | 'demoExplicit' | 'demoPassword' | 'adminEmail' | 'adminPassword'>, address: string, io: Io): Promise<void> {
  const admin = await ensureFirstAdmin(ctx, config.adminEmail, config.adminPassword);
  if (!admin) { io.out('Войдите под своей учётной записью.'); return; }
  io.out(admin.password
    ? `Первый администратор: ${admin.email}, пароль: ${admin.password}  — сохраните его, он показан один раз.`
    : `Первый администратор: ${admin.email} (пароль из RACKDESK_ADMIN_PASSWORD).`);
  if (!config.demo) return;
  if (!isLoopback(config.host) && !config.demoExplicit) {
    io.out(`Демо-данные не загружены: адрес ${config.host} доступен из сети. Задайте RACKDESK_DEMO=1, если они всё же нужны.`);
    return;
  }
  const password = config.demoPassword ?? generatePassword();
  const r = await seedDemo(ctx, password);
  io.out(`Демо-данные загружены: ${r.users} пользователей, ${r.companies} компаний. Войдите на ${address} как manager@rackdesk.local (также tech@…, accounting@…, director@…), пароль демо-пользователей: ${password}  — сохраните его, он показан один раз.`);
}

