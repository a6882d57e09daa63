import { insertRows, warehouseFixture } from '../../helpers/sql-fixture.js';

test('warehouse fixture types cells as the loader would', async () => {
  const connection = await warehouseFixture();
  await insertRows(connection, 'contacts', [
    {
      contact_id: 'c1',
      child_id: 'k1',
      contact_date: '2019-11-04',
      la_code: '850',
      month: '2019-11',
    },
  ]);
  const reader = await connection.runAndReadAll(
    'select contact_date + 1 as next_day, typeof(contact_date) as t from contacts',
  );
  expect(reader.getRowObjectsJson()).toEqual([{ next_day: '2019-11-05', t: 'DATE' }]);
});
