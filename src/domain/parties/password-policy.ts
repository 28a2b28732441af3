/**
 * Passwords people pick first, from the lists attackers try first: common words and keyboard runs
 * with the usual endings, kept when they are long enough to pass the length rule at all.
 */
const WORDS = [
  'password', 'passw0rd', 'qwerty', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'qazwsx', '1qaz2wsx', 'zaq12wsx', '1q2w3e4r',
  'q1w2e3r4', '1q2w3e4r5t', 'admin', 'administrator', 'welcome', 'letmein', 'iloveyou', 'dragon', 'monkey', 'football',
  'baseball', 'sunshine', 'princess', 'master', 'superman', 'starwars', 'whatever', 'trustno1', 'rackdesk', 'changeme',
  'secret', 'default', 'parol', 'privet', 'lyubov', 'moskva', 'rossiya', 'spartak', 'zenit', 'solnce',
  'пароль', 'йцукен', 'йцукенгшщз', 'qwerty123', 'abc123', 'test', 'testtest', 'login', 'server', 'hosting',
];
const ENDINGS = ['', '1', '12', '123', '1234', '12345', '123456', '!', '1!', '2024', '2025', '2026', '@123', '000'];
const RUNS = ['1234567890', '0987654321', '1111111111', '0000000000', '1234512345', '1122334455', '1234554321', '9876543210', '1q2w3e4r5t6y', 'qwertyuiop[]'];

export const commonPasswords: ReadonlySet<string> = new Set([
  ...RUNS,
  ...WORDS.flatMap((w) => ENDINGS.map((e) => `${w}${e}`)),
].filter((p) => p.length >= 10));

/**
 * What is wrong with a new password, as a catalog key, or null: too short, one of the common ones,
 * or containing the user's e-mail (or its name part), which is the first thing a guesser tries.
 */
export function passwordProblem(password: string, email: string | null): string | null {
  if (password.length < 10) return 'v.password';
  const p = password.toLowerCase();
  if (commonPasswords.has(p)) return 'v.password.common';
  const local = email?.toLowerCase().split('@')[0] ?? '';
  if (email && (p.includes(email.toLowerCase()) || (local.length >= 6 && p.includes(local)))) return 'v.password.email';
  return null;
}
