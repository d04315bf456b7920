/** One sample colleague: [given name, surname, job title, department, office, city]. */
export type SamplePerson = [string, string, string, string, string, string];

/**
 * The rest of the sample tenant (Adele Vance and Megan Bowen come from the identity seed),
 * so that /users has ~30 entries and pages at $top below that.
 */
export const SAMPLE_PEOPLE: SamplePerson[] = [
  ["Alex", "Wilber", "Marketing Assistant", "Marketing", "131/1104", "San Diego"],
  ["Allan", "Deyoung", "IT Admin", "IT", "24/1106", "Waukesha"],
  ["Christie", "Cline", "Buyer", "Retail", "131/2103", "San Diego"],
  ["Debra", "Berger", "Administrative Assistant", "Executive Management", "18/2111", "Bellevue"],
  ["Diego", "Siciliani", "HR Manager", "HR", "14/1108", "Birmingham"],
  ["Emily", "Braun", "Budget Analyst", "Finance", "97/2302", "Pittsburgh"],
  ["Enrico", "Cattaneo", "Attorney", "Legal", "14/1102", "Birmingham"],
  ["Grady", "Archie", "Designer", "Research & Development", "19/2109", "Bloomington"],
  ["Henrietta", "Mueller", "Developer", "Research & Development", "18/1106", "Bellevue"],
  ["Irvin", "Sayers", "Director", "Research & Development", "20/2107", "Bloomington"],
  ["Isaiah", "Langer", "Sales Rep", "Sales", "20/1101", "Tulsa"],
  ["Johanna", "Lorenz", "Senior Engineer", "Engineering", "23/2102", "Louisville"],
  ["Joni", "Sherman", "Paralegal", "Legal", "20/1109", "Charlotte"],
  ["Lee", "Gu", "Director", "Manufacturing", "23/3101", "Overland Park"],
  ["Lidia", "Holloway", "Product Manager", "Engineering", "20/2103", "Tulsa"],
  ["Lynne", "Robbins", "Planner", "Retail", "20/1104", "Tulsa"],
  ["Miriam", "Graham", "Director", "Sales & Marketing", "131/2105", "San Diego"],
  ["Nestor", "Wilke", "Director", "Operations", "36/2121", "Seattle"],
  ["Patti", "Fernandez", "President", "Executive Management", "15/1102", "Louisville"],
  ["Pradeep", "Gupta", "Accountant", "Finance", "98/2202", "Cairo"],
  ["Raul", "Razo", "Sales Rep", "Sales", "20/1102", "Tulsa"],
  ["Brian", "Johnson", "Sales Manager", "Sales", "20/1105", "Tulsa"],
  ["Cameron", "White", "Retail Associate", "Retail", "131/2107", "San Diego"],
  ["Delia", "Dennis", "Financial Analyst", "Finance", "97/2304", "Pittsburgh"],
  ["Gerhart", "Moller", "Network Engineer", "IT", "24/1108", "Waukesha"],
  ["Lenora", "Sanders", "Marketing Specialist", "Marketing", "131/1107", "San Diego"],
  ["Nora", "Ahmed", "Data Analyst", "Finance", "97/2306", "Pittsburgh"],
  ["Omar", "Haddad", "Security Engineer", "IT", "24/1110", "Waukesha"],
];
