/** What a view hands to the page: its nodes, its controls, and what to do once they are in the document. */
import type { ViewState } from '../state';

export interface View {
  title: string;
  nodes: Node[];
  controls?: HTMLElement;
  /** Runs after the nodes are attached (charts measure their boxes). */
  after?: () => void;
  /** The state as resolved (e.g. the latest season): the URL is updated to name it. */
  resolved?: ViewState;
  announce: string;
}
