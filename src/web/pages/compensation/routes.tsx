import { lazyPage, type RouteDef } from '../../lib/routes.ts';
import { thisMonth } from './payroll-lib.ts';

const PayrollPage = lazyPage(() => import('./payroll-page.tsx'), 'PayrollPage');
const StatementPage = lazyPage(() => import('./statement-page.tsx'), 'StatementPage');
const PayrollSettingsPage = lazyPage(() => import('./settings-page.tsx'), 'PayrollSettingsPage');

/** Managers' pay: the month's statements, one statement, plans and management's inputs. */
export const compensationRoutes: RouteDef[] = [
  {
    path: '/payroll',
    permission: 'payroll.own',
    render: ({ can, me }) => <PayrollPage month={thisMonth()} canReadAll={can('payroll.read')} canManage={can('payroll.manage')} myId={me.user.id} />,
    nav: { group: 'accounting', label: 'nav.payroll', testId: 'nav-payroll', order: 50 },
  },
  {
    path: '/payroll/m/:month', permission: 'payroll.own', section: 'nav-payroll',
    render: ({ params, can, me }) => <PayrollPage month={params.month!} canReadAll={can('payroll.read')} canManage={can('payroll.manage')} myId={me.user.id} />,
  },
  {
    path: '/payroll/:userId/:month', permission: 'payroll.own', section: 'nav-payroll',
    render: ({ params, can }) => <StatementPage userId={params.userId!} month={params.month!} canManage={can('payroll.manage')} />,
  },
  {
    path: '/payroll-settings',
    permission: 'payroll.manage',
    render: () => <PayrollSettingsPage />,
    nav: { group: 'accounting', label: 'nav.payrollSettings', testId: 'nav-payroll-settings', order: 60 },
  },
];
