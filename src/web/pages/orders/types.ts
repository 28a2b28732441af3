/** Orders as the API sends them (money as kopeck strings, instants as ISO strings). */
export interface OrderView {
  id: string; number: string; status: string; priority: string; companyId: string; companyName: string; plannedStart: string; agreedStart: string | null;
  monthlyTotal: string; grossTotal: string; acceptedAt: string | null; cancelledAt: string | null; cancelledBy: string | null; cancelReason: string | null;
  lines: { position: number; description: string; quantity: number; unitPrice: string; serviceId: string | null }[];
  deal: { id: string; title: string; outcome: string } | null;
  proposal: { id: string; number: string; version: number };
  contract: { number: string; appendixNo: number; includesContract: boolean; status: string; channel: string | null; tracking: string | null; sentAt: string | null; clientSignedAt: string | null; signedAt: string | null; archivedAt: string | null; scanName: string | null };
  invoice: { id: string; number: number; total: string; correctedTotal: string; paid: string; dueDate: string } | null;
  deferral: { approverName: string; reason: string; dueDate: string } | null;
  provisioning: { status: string; deadline: string | null; proposedStart: string | null; doneAt: string | null; checklist: { position: number; label: string; doneAt: string | null; doneByName: string | null }[]; delays: { responsible: string; reason: string; recordedByName: string }[] } | null;
  services: { id: string; title: string; status: string; startDate: string; monthlyPrice: string; quantity: number }[];
  disputes: { id: string; subject: string; openedByName: string; openedAt: string; resolution: string | null; resolvedByName: string | null; resolvedAt: string | null }[];
}

export interface OrderListItem {
  id: string; number: string; status: string; priority: string; companyName: string; monthlyTotal: string; contractNumber: string; appendixNo: number;
  signing: string; signed: boolean; provisioning: string | null; deadline: string | null;
}
